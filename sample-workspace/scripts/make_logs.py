"""Writes the sample logs deterministically (standard library only): python3 scripts/make_logs.py"""
import json
import math
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
rng = random.Random(7)


def lightning_diverging() -> None:
    """Lightning CSVLogger layout: step rows carry train metrics, epoch-end rows carry val metrics."""
    path = ROOT / "logs/lightning_logs/version_0/metrics.csv"
    rows = ["epoch,step,train_loss,lr-SGD,val_loss"]
    loss, steps_per_epoch = 2.3, 50
    for step in range(600):
        epoch = step // steps_per_epoch
        if step < 300:
            loss = loss * 0.992 + 0.004 * rng.gauss(0, 1)
        else:
            loss = loss * 1.04 + 0.01 * abs(rng.gauss(0, 1))  # blows up once lr and momentum compound
        value = "nan" if loss > 1e4 else f"{loss:.6f}"
        rows.append(f"{epoch},{step},{value},0.5,")
        if (step + 1) % steps_per_epoch == 0:
            rows.append(f"{epoch},{step},,,{'nan' if loss > 1e4 else f'{loss * 1.1:.6f}'}")
    path.write_text("\n".join(rows) + "\n")


def hf_stalling() -> None:
    path = ROOT / "logs/hf-run/trainer_state.json"
    history = []
    for step in range(10, 2010, 10):
        loss = 6.9 - 0.0002 * step + 0.02 * rng.gauss(0, 1)  # stuck near ln(1000): chance level
        history.append({"epoch": round(step / 1000, 3), "grad_norm": 1e-4 * (1 + rng.random()),
                        "learning_rate": 1e-7, "loss": round(loss, 4), "step": step})
    state = {"best_metric": None, "epoch": 2.0, "global_step": 2000, "log_history": history,
             "logging_steps": 10, "max_steps": 2000, "train_batch_size": 32}
    path.write_text(json.dumps(state, indent=2) + "\n")


def jsonl_oscillating() -> None:
    path = ROOT / "logs/oscillating.jsonl"
    lines = []
    for step in range(400):
        loss = 1.0 + 0.5 * math.exp(-step / 300) * (1 if step % 2 == 0 else -1) * 0.8 + 0.01 * rng.gauss(0, 1)
        lines.append(json.dumps({"step": step, "loss": round(loss, 5), "lr": 0.1}))
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    lightning_diverging()
    hf_stalling()
    jsonl_oscillating()
