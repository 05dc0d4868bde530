"""A user-style tabular task for `dl4j:` (docs/results.md): 20 Gaussian features labelled by a random
teacher network (tanh, 16 hidden units, 4 classes), 6,000 training and 1,500 test rows, from a fixed seed.

    python3 docs/examples/teacher_csv.py OUT_DIR      # writes OUT_DIR/train.csv and OUT_DIR/test.csv
"""
import math
import random
import sys
from pathlib import Path

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(7)
F, H, C = 20, 16, 4
W1 = [[rng.gauss(0, 1) / math.sqrt(F) for _ in range(H)] for _ in range(F)]
W2 = [[rng.gauss(0, 1) / math.sqrt(H) for _ in range(C)] for _ in range(H)]


def label(x):
    h = [math.tanh(sum(x[i] * W1[i][j] for i in range(F))) for j in range(H)]
    z = [sum(h[j] * W2[j][k] for j in range(H)) for k in range(C)]
    return max(range(C), key=lambda k: z[k])


for name, rows in (("train.csv", 6000), ("test.csv", 1500)):
    with open(out / name, "w") as f:
        f.write(",".join(f"f{i}" for i in range(F)) + ",label\n")
        for _ in range(rows):
            x = [rng.gauss(0, 1) for _ in range(F)]
            f.write(",".join(f"{v:.5f}" for v in x) + f",{label(x)}\n")
