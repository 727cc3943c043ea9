# The host build: the library and app as an x86 program speaking the
# protocol on stdin/stdout (make host APP=<app>).
HOST_CC ?= cc
CC := $(HOST_CC)
TOOLCHAIN := host
EXE :=
CPU_FLAGS := -fno-pie
PLAT_SRCS := $(PLAT_DIR)/port_host.c
# Non-PIE keeps .data/.bss addresses within the 32 bits of HELLO's region TLV.
PLAT_LDFLAGS := -no-pie
