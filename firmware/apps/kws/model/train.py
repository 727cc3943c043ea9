"""Trains the float model on a `hil synth` corpus; features come from the
firmware's C front end. Writes the checkpoint and the training log.

  /usr/bin/python3 train.py --train DIR/manifest.csv --val DIR/manifest.csv --out ckpt.pt
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

import data
from mamba import KWSMamba

torch.set_num_threads(1)


def spec_augment(x, rng):
    """Zero (after normalisation: the mean) up to 2 time masks of <= 6 frames and 1 band mask of <= 5 bands."""
    B, T, M = x.shape
    x = x.clone()
    for i in range(B):
        for _ in range(2):
            w = int(rng.integers(0, 7))
            t0 = int(rng.integers(0, T - w + 1))
            x[i, t0:t0 + w] = 0
        w = int(rng.integers(0, 6))
        f0 = int(rng.integers(0, M - w + 1))
        x[i, :, f0:f0 + w] = 0
    return x


def vtlp(x, rng, lo=0.88, hi=1.12, p=0.8):
    """Vocal-tract-length-style warp of the mel axis: band b takes the value at
    b / alpha (linear interpolation), alpha ~ U(lo, hi), for a share p of the batch."""
    B, T, M = x.shape
    alpha = np.where(rng.random(B) < p, rng.uniform(lo, hi, B), 1.0)
    src = (torch.arange(M, dtype=torch.float32)[None, :] / torch.tensor(alpha, dtype=torch.float32)[:, None]).clamp(0, M - 1)
    i0 = src.floor().long()
    i1 = (i0 + 1).clamp(max=M - 1)
    w = (src - i0.float())[:, None, :]
    g0 = x.gather(2, i0[:, None, :].expand(B, T, M))
    g1 = x.gather(2, i1[:, None, :].expand(B, T, M))
    return g0 * (1 - w) + g1 * w


def evaluate(model, feats, y, bs=512):
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(feats[i:i + bs]) for i in range(0, len(feats), bs)])
    model.train()
    return logits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--train', required=True, nargs='+')
    ap.add_argument('--val', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--epochs', type=int, default=40)
    ap.add_argument('--bs', type=int, default=64)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--d-model', type=int, default=40)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--d-state', type=int, default=8)
    ap.add_argument('--expand', type=float, default=2)
    ap.add_argument('--stack', type=int, default=2)
    ap.add_argument('--vtlp', type=int, default=0, help='mel-axis warp augmentation (1: on)')
    ap.add_argument('--speed', default='0.85,1.15', help='speed perturbation range lo,hi')
    ap.add_argument('--aug-copies', type=int, default=1, help='augmented copies per clip and epoch')
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    torch.manual_seed(args.seed)

    t0 = time.time()
    parts = [data.load_manifest(m) for m in args.train]
    tr_pcm = np.concatenate([p['pcm'] for p in parts])
    tr_y = np.concatenate([p['y'] for p in parts])
    va = data.load_manifest(args.val)
    va_x = torch.tensor(data.features(va['pcm']), dtype=torch.float32) / 256
    va_y = torch.tensor(va['y'])
    backgrounds = tr_pcm[tr_y == 0]
    print(f'{len(tr_y)} train clips, {len(va_y)} val clips, loaded in {time.time() - t0:.0f} s', flush=True)

    model = KWSMamba(d_model=args.d_model, n_layers=args.layers, d_state=args.d_state, expand=args.expand, stack=args.stack)
    f0 = torch.tensor(data.features(tr_pcm), dtype=torch.float32) / 256
    model.feat_mean.copy_(f0.mean((0, 1)))
    model.feat_std.copy_(f0.std((0, 1)) + 1e-3)
    print('params', sum(p.numel() for p in model.parameters()), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-2)
    steps = args.epochs * ((len(tr_y) * args.aug_copies + args.bs - 1) // args.bs)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.1)
    # class weights: balance the 12 classes
    counts = np.bincount(tr_y, minlength=12)
    cw = torch.tensor(len(tr_y) / (12 * np.maximum(counts, 1)), dtype=torch.float32)
    best, log = (-1.0, None), []
    for ep in range(args.epochs):
        te = time.time()
        pcm = np.concatenate([data.augment(tr_pcm, tr_y, rng, backgrounds, tuple(float(v) for v in args.speed.split(','))) for _ in range(args.aug_copies)])
        yy = np.tile(tr_y, args.aug_copies)
        x = torch.tensor(data.features(pcm), dtype=torch.float32) / 256
        y = torch.tensor(yy)
        tf = time.time() - te
        perm = torch.tensor(rng.permutation(len(y)))
        tot, n = 0.0, 0
        for i in range(0, len(y), args.bs):
            idx = perm[i:i + args.bs]
            xb = x[idx]
            if args.vtlp:
                xb = vtlp(xb, rng)
            xb = model.feat_mean + spec_augment(xb - model.feat_mean, rng)
            loss = F.cross_entropy(model(xb), y[idx], weight=cw, label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            tot += loss.item() * len(idx)
            n += len(idx)
        acc = (evaluate(model, va_x, va_y).argmax(1) == va_y).float().mean().item()
        log.append(dict(epoch=ep, loss=tot / n, val_acc=acc, seconds=time.time() - te))
        print(f'epoch {ep:2d} loss {tot / n:.4f} val {acc * 100:.2f}% ({tf:.0f}+{time.time() - te - tf:.0f} s)', flush=True)
        if acc >= best[0]:
            best = (acc, {k: v.clone() for k, v in model.state_dict().items()})
    # the last epoch is what we keep (the schedule has annealed); best is logged
    torch.save(dict(cfg=model.cfg, state=model.state_dict(), log=log, args=vars(args),
                    train_seconds=time.time() - t0), args.out)
    print(f'best val {best[0] * 100:.2f}%, last {log[-1]["val_acc"] * 100:.2f}%, {time.time() - t0:.0f} s total')


if __name__ == '__main__':
    main()
