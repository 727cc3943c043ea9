"""ctypes binding of the firmware's C code built for the host (host/kwslib.c):
the front end (features for training) and the int8 / f32 networks (evaluation).
`build()` compiles it with the host C compiler into model/build/."""
import ctypes
import os
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
APP = os.path.dirname(HERE)
NMEL = 40
LABELS = ['_silence_', '_unknown_', 'yes', 'no', 'up', 'down', 'left', 'right', 'on', 'off', 'stop', 'go']

_libs = {}


def build(variant='fe'):
    """Builds the shared library (make -C model lib-<variant>) and returns its path."""
    subprocess.run(['make', '-s', '-C', HERE, f'build/libkws_{variant}.so'], check=True)
    return os.path.join(HERE, 'build', f'libkws_{variant}.so')


def lib(variant='fe'):
    if variant not in _libs:
        _libs[variant] = ctypes.CDLL(build(variant))
    return _libs[variant]


def features(pcm, max_frames=64):
    """int16 pcm -> int16 [frames, 40] log2-mel, Q8, exactly as the device computes it."""
    pcm = np.ascontiguousarray(pcm, dtype=np.int16)
    out = np.zeros((max_frames, NMEL), np.int16)
    n = lib('fe').kwslib_features(pcm.ctypes.data_as(ctypes.c_void_p), ctypes.c_int(len(pcm)),
                                  out.ctypes.data_as(ctypes.c_void_p), ctypes.c_int(max_frames))
    return out[:n]


def run(pcm, variant='int8'):
    """The whole firmware pipeline on one clip: (raw int32 scores [12], score_scale, predicted)."""
    L = lib(variant)
    pcm = np.ascontiguousarray(pcm, dtype=np.int16)
    scores = np.zeros(len(LABELS), np.int32)
    pred = L.kwslib_run(pcm.ctypes.data_as(ctypes.c_void_p), ctypes.c_int(len(pcm)),
                        scores.ctypes.data_as(ctypes.c_void_p))
    L.kwslib_score_scale.restype = ctypes.c_float
    return scores, float(L.kwslib_score_scale()), int(pred)
