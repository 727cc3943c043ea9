# nRF52840 (Cortex-M4F, 64 MHz), as on the Arduino Nano 33 BLE Sense; UARTE0 on
# the board's D1/D0 pins (P1.03 TX, P1.10 RX). Renode: platforms/cpus/nrf52840.repl,
# sysbus.uart0 (NRF52840_UART with easyDMA).
# Memory of the real chip (nRF52840 PS v1.8 §4.2): flash 1 MiB @0, RAM 256 KiB
# @0x20000000. Linked at 0 for the bare chip (Renode, SWD): on a Nano 33 BLE the
# Arduino bootloader owns 0x0-0xFFFF, so an image for its bootloader would link
# at FLASH_ORIGIN=0x10000 FLASH_SIZE=0xF0000.
FLASH_ORIGIN ?= 0x00000000
FLASH_SIZE ?= 0x00100000
RAM_ORIGIN ?= 0x20000000
RAM_SIZE ?= 0x00040000
STACK_SIZE ?= 0x2000
# CM_HAS_DWT: the nRF52840's Cortex-M4 has a DWT (Renode needs renode.dwt).
# HIL_PORT_HAS_MIC: the board's PDM microphone (pdm.c) gives the pdm audio path.
CPU_FLAGS := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -DCM_HAS_DWT -DHIL_PORT_HAS_MIC
PLAT_SRCS := $(PLAT_DIR)/board.c $(PLAT_DIR)/pdm.c
include $(FW)/platforms/cortex-m/cortex-m.mk
