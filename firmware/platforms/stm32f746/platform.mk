# STM32F746NG (Cortex-M7, single-precision FPU) at 216 MHz, as on the
# STM32F746G-DISCO; USART1 on PA9/PB7, the ST-LINK virtual COM port.
# Renode: platforms/cpus/stm32f746.repl, sysbus.usart1 (STM32F7_USART).
# Memory of the real chip (RM0385 §2.2.2): flash 1 MiB @0x08000000 (AXIM),
# SRAM 320 KiB contiguous @0x20000000 (DTCM 64 KiB + SRAM1 240 KiB + SRAM2 16 KiB).
FLASH_ORIGIN ?= 0x08000000
FLASH_SIZE ?= 0x00100000
RAM_ORIGIN ?= 0x20000000
RAM_SIZE ?= 0x00050000
STACK_SIZE ?= 0x2000
# CM_HAS_DWT: the Cortex-M7 has a DWT (Renode's stm32f746.repl only tags the
# range; renode.dwt adds the model).
CPU_FLAGS := -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16 -DCM_HAS_DWT
PLAT_SRCS := $(PLAT_DIR)/board.c
include $(FW)/platforms/cortex-m/cortex-m.mk
