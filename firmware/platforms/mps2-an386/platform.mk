# QEMU -M mps2-an386: Cortex-M4F at 25 MHz, CMSDK UART0 at 0x40004000.
# Declared memory (platforms/mps2-an386.yaml): flash 1 MiB @0, RAM 256 KiB @0x20000000.
FLASH_ORIGIN ?= 0x00000000
FLASH_SIZE ?= 0x00100000
RAM_ORIGIN ?= 0x20000000
RAM_SIZE ?= 0x00040000
STACK_SIZE ?= 0x2000
CPU_FLAGS := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
PLAT_SRCS := $(PLAT_DIR)/board.c
include $(FW)/platforms/cortex-m/cortex-m.mk
