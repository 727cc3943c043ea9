# STM32F4DISCOVERY (STM32F407VG, Cortex-M4F) at 168 MHz from its 8 MHz HSE,
# USART2 on PA2/PA3 (Renode: platforms/boards/stm32f4_discovery.repl, sysbus.usart2).
# Memory of the real chip (RM0090 §2.3, DS8626): flash 1 MiB @0x08000000,
# SRAM1 112 KiB + SRAM2 16 KiB = 128 KiB contiguous @0x20000000 (the 64 KiB
# CCM RAM @0x10000000 is not used). Renode's model maps more (2 MiB flash,
# 256 KiB SRAM); the link uses the chip's sizes so "it fits" means it fits.
FLASH_ORIGIN ?= 0x08000000
FLASH_SIZE ?= 0x00100000
RAM_ORIGIN ?= 0x20000000
RAM_SIZE ?= 0x00020000
STACK_SIZE ?= 0x2000
# CM_HAS_DWT: the F407 has a DWT; trust CYCCNT if it counts (Renode models
# no ROM table and no DEMCR, see cortex-m/clock.c).
CPU_FLAGS := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -DCM_HAS_DWT
PLAT_SRCS := $(PLAT_DIR)/board.c
include $(FW)/platforms/cortex-m/cortex-m.mk
