# kws: included by firmware/Makefile after the platform's platform.mk.
#
#   VARIANT=int8 (default) | f32      the network variant (same front end)
#   DEFINES=KWS_PERTURB_WEIGHT        changes exactly one weight (the first
#                                     classifier weight), to show that a parity
#                                     check against the unperturbed host build fails
VARIANT ?= int8
ifeq ($(filter $(VARIANT),int8 f32),)
$(error VARIANT=$(VARIANT): must be int8 or f32)
endif
KWS := $(FW)/apps/kws
APP_SRCS += $(wildcard $(KWS)/app/*.c $(KWS)/frontend/*.c $(KWS)/kernels/*.c) \
    $(KWS)/mamba/mamba_$(if $(filter int8,$(VARIANT)),q,f).c $(KWS)/model/gen/weights_$(VARIANT).c
# -O3 (after the Makefile's -Os): ~6% fewer instructions per clip than -Os for
# ~3 KB more flash. -ffp-contract=off and our own float functions keep the f32
# variant's device and host results identical.
APP_CFLAGS += -DKWS_VARIANT_$(if $(filter int8,$(VARIANT)),INT8,F32) -O3 -ffp-contract=off -fno-math-errno -I$(KWS)/app
