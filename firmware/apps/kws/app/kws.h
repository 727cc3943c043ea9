#ifndef KWS_APP_H
#define KWS_APP_H

#include "hil.h"

#define KWS_VERSION "1.0.0"

/* The keyword-spotting app (app/kws.c). */
extern const hil_app_t kws_app;

#endif
