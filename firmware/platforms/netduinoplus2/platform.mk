# QEMU -M netduinoplus2: STM32F405 (Cortex-M4F) at 168 MHz, USART1 at 0x40011000
# (QEMU's first -serial). Declared memory: flash 1 MiB @0x08000000, RAM 128 KiB @0x20000000.
FLASH_ORIGIN ?= 0x08000000
FLASH_SIZE ?= 0x00100000
RAM_ORIGIN ?= 0x20000000
RAM_SIZE ?= 0x00020000
STACK_SIZE ?= 0x2000
CPU_FLAGS := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
PLAT_SRCS := $(PLAT_DIR)/board.c
include $(FW)/platforms/cortex-m/cortex-m.mk
