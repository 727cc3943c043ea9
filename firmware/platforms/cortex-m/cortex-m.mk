# Shared by every Cortex-M platform.mk: toolchain, flags, shared sources.
# A platform sets CPU_FLAGS and the memory defaults, then includes this.
CROSS ?= arm-none-eabi-
CC := $(CROSS)gcc
SIZE := $(CROSS)size
NM := $(CROSS)nm
TOOLCHAIN := cortex-m
EXE := .elf
PLAT_SRCS += $(wildcard $(FW)/platforms/cortex-m/*.c)
PLAT_INC += -I$(FW)/platforms/cortex-m
LDSCRIPT_IN := $(FW)/platforms/cortex-m/link.ld.in
# nano.specs for memcpy/memset; no startup files (ours is startup.c); the
# link fails if anything drags in malloc (see the Makefile).
PLAT_LDFLAGS := -nostartfiles --specs=nano.specs
