"""Corpus loading (hil synth manifests), augmentation, and features through
the firmware's own C front end (kwslib)."""
import csv
import os
import wave

import numpy as np

import kwslib

SR, CLIP = 16000, 16000


def read_wav(path):
    with wave.open(path) as w:
        assert w.getframerate() == SR and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        x = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    if len(x) < CLIP:
        x = np.pad(x, (0, CLIP - len(x)))
    return x[:CLIP].copy()


def load_manifest(path):
    """-> dict with pcm int16 [n, 16000], y int [n], and the manifest columns."""
    base = os.path.dirname(os.path.abspath(path))
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f))
    pcm = np.stack([read_wav(os.path.join(base, r['path'])) for r in rows])
    y = np.array([kwslib.LABELS.index(r['label']) for r in rows])
    cols = {k: np.array([r.get(k, '') for r in rows]) for k in rows[0]}
    return dict(pcm=pcm, y=y, **cols)


def features(pcm):
    """int16 [n, 16000] -> int16 [n, 49, 40]."""
    return np.stack([kwslib.features(x) for x in pcm])


def _noise(rng, kind, n):
    w = rng.standard_normal(n + 512)
    if kind == 1:  # pink
        f = np.fft.rfft(w)
        f /= np.sqrt(np.arange(len(f)) + 1.0)
        w = np.fft.irfft(f, len(w))
    elif kind == 2:  # brown-ish
        w = np.cumsum(w)
        w -= np.convolve(w, np.ones(256) / 256, 'same')
    w = w[256:256 + n]
    return w / (np.sqrt(np.mean(w ** 2)) + 1e-9)


def augment(pcm, y, rng, backgrounds, speed=(0.85, 1.15)):
    """One random variant of each clip: time shift, speed (uniform in the range),
    gain, added noise (synthetic or a _silence_ clip of the training set)."""
    out = np.empty_like(pcm)
    t = np.arange(CLIP, dtype=np.float64)
    for i in range(len(pcm)):
        x = pcm[i].astype(np.float64)
        if y[i] != 0:
            s = rng.uniform(speed[0], speed[1])  # speed (and pitch) perturbation
            x = np.interp(t * s, t, x, right=0.0)
            shift = int(rng.integers(-1600, 1601))
            x = np.roll(x, shift)
            if shift > 0:
                x[:shift] = 0
            elif shift < 0:
                x[shift:] = 0
        rms = np.sqrt(np.mean(x ** 2)) + 1e-3
        if rng.random() < 0.6:
            if rng.random() < 0.5 and len(backgrounds):
                b = backgrounds[rng.integers(len(backgrounds))].astype(np.float64)
                b = b / (np.sqrt(np.mean(b ** 2)) + 1e-9)
            else:
                b = _noise(rng, int(rng.integers(3)), CLIP)
            level = rms / 10 ** (rng.uniform(0, 30) / 20) if y[i] != 0 else rms * 10 ** (rng.uniform(-10, 10) / 20)
            x = x + b * level
        x = x * 10 ** (rng.uniform(-12, 12) / 20)
        peak = np.abs(x).max()
        if peak > 32767:
            x *= 32767 / peak
        out[i] = np.round(x).astype(np.int16)
    return out
