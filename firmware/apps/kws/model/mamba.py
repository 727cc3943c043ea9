"""The keyword-spotting Mamba in PyTorch (float reference of the firmware).

features [B, T, 40] (log2-mel Q8 / 256), 20 ms apart
  -> (x - mean) / std, `stack` consecutive frames side by side (the model
     steps every stack x 20 ms; a trailing incomplete group is dropped)
  -> Linear(stack x 40, D)
  -> L x MambaBlock: u + out_proj(y * silu(z)), y = selective scan of
     silu(causal depthwise conv(x_in)), with (x_in, z) = in_proj(rmsnorm(u))
  -> rmsnorm -> mean over time -> Linear(D, 12)
The scan is Mamba-1's, h = exp(dt A) h + dt B x, y = C . h + D x,
dt = softplus(dt_proj(dt_low)), with A[e, n] = -(n + 1) exp(A_log[e]): one
learned time scale per channel and the S4D-real spread over the states
(Mamba's own initialisation, which trained A barely leaves: A / (n + 1)
varies ~10% within a channel after training). On the device the state decays
are then powers of one number per channel, r_e^(n+1), one multiply each
instead of an exp per state.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class MambaBlock(nn.Module):
    def __init__(self, d_model, d_state=8, expand=2, d_conv=4, dt_rank=2):
        super().__init__()
        E = int(round(expand * d_model))
        self.E, self.N, self.R, self.K = E, d_state, dt_rank, d_conv
        self.norm = RMSNorm(d_model)
        self.in_proj = nn.Linear(d_model, 2 * E, bias=False)
        self.conv = nn.Conv1d(E, E, d_conv, groups=E, padding=d_conv - 1, bias=True)
        self.x_proj = nn.Linear(E, dt_rank + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(dt_rank, E, bias=True)
        self.out_proj = nn.Linear(E, d_model, bias=False)
        self.A_log = nn.Parameter(torch.zeros(E))
        self.register_buffer('A_n', torch.arange(1, d_state + 1, dtype=torch.float32))
        self.D = nn.Parameter(torch.ones(E))
        # Mamba's dt init: dt ~ logUniform(1e-3, 1e-1), bias = softplus^-1(dt).
        dt = torch.exp(torch.rand(E) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
        with torch.no_grad():
            self.dt_proj.bias.copy_(dt + torch.log(-torch.expm1(-dt)))
            nn.init.uniform_(self.dt_proj.weight, -dt_rank ** -0.5, dt_rank ** -0.5)

    def forward(self, u, trace=None):
        B_, T, _ = u.shape
        x = self.norm(u)
        xz = self.in_proj(x)
        xi, z = xz[..., :self.E], xz[..., self.E:]
        xc = self.conv(xi.transpose(1, 2))[..., :T].transpose(1, 2)
        xs = F.silu(xc)
        dbc = self.x_proj(xs)
        dt_low, Bm, Cm = dbc[..., :self.R], dbc[..., self.R:self.R + self.N], dbc[..., self.R + self.N:]
        dtp = self.dt_proj(dt_low)
        dt = F.softplus(dtp)
        A = -torch.exp(self.A_log).unsqueeze(-1) * self.A_n      # E N
        dA = torch.exp(dt.unsqueeze(-1) * A)                      # B T E N
        dBx = (dt * xs).unsqueeze(-1) * Bm.unsqueeze(2)           # B T E N
        h = torch.zeros(B_, self.E, self.N, dtype=u.dtype)
        hs = []
        # unbind, not dA[:, t]: slicing's backward would allocate B T E N per step
        for dA_t, dBx_t in zip(dA.unbind(1), dBx.unbind(1)):
            h = dA_t * h + dBx_t
            hs.append(h)
        hs = torch.stack(hs, 1)                                   # B T E N
        y = (hs * Cm.unsqueeze(2)).sum(-1) + self.D * xs
        g = y * F.silu(z)
        out = self.out_proj(g)
        if trace is not None:
            trace.update(x=x, xi=xi, z=z, xc=xc, xs=xs, dt_low=dt_low, B=Bm, C=Cm, dtp=dtp, dt=dt,
                         h=hs, y=y, g=g, out=out, u=u + out)
        return u + out


class KWSMamba(nn.Module):
    def __init__(self, n_mel=40, n_classes=12, d_model=32, n_layers=2, d_state=8, expand=2, d_conv=4, dt_rank=2,
                 stack=1):
        super().__init__()
        self.cfg = dict(n_mel=n_mel, n_classes=n_classes, d_model=d_model, n_layers=n_layers,
                        d_state=d_state, expand=expand, d_conv=d_conv, dt_rank=dt_rank, stack=stack)
        self.stack = stack
        self.register_buffer('feat_mean', torch.zeros(n_mel))
        self.register_buffer('feat_std', torch.ones(n_mel))
        self.inp = nn.Linear(stack * n_mel, d_model)
        self.blocks = nn.ModuleList(MambaBlock(d_model, d_state, expand, d_conv, dt_rank) for _ in range(n_layers))
        self.norm_f = RMSNorm(d_model)
        self.head = nn.Linear(d_model, n_classes)

    def forward(self, feats, traces=None):
        """feats: float [B, T, n_mel] in log2 units (int16 Q8 / 256)."""
        x = (feats - self.feat_mean) / self.feat_std
        B_, T, M = x.shape
        T = T // self.stack * self.stack
        u = self.inp(x[:, :T].reshape(B_, T // self.stack, self.stack * M))
        if traces is not None:
            traces['inp'] = u
        for i, b in enumerate(self.blocks):
            tr = {} if traces is not None else None
            u = b(u, tr)
            if traces is not None:
                traces[f'block{i}'] = tr
        v = self.norm_f(u)
        pooled = v.mean(1)
        if traces is not None:
            traces.update(norm_f=v, pooled=pooled)
        return self.head(pooled)
