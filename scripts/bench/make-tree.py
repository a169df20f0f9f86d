#!/usr/bin/env python3
"""Writes a synthetic app tree: SMALL files of 1-7 KiB (source-like text, 2 of 3, and random
bytes) spread over nested directories, and LARGE files of LARGE_MB each (half random like
binaries, half repetitive text). Usage: make-tree.py DIR SMALL LARGE LARGE_MB"""
import os
import random
import sys

root, small, large, large_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(42)
words = [("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))) for _ in range(2000)]
for i in range(small):
    d = os.path.join(root, "src", "node_modules", f"pkg{i // 200}", "lib" if i % 3 else "dist")
    os.makedirs(d, exist_ok=True)
    size = rng.randint(1024, 7 * 1024)
    with open(os.path.join(d, f"f{i}.js"), "wb") as f:
        if i % 3:
            text = " ".join(rng.choice(words) for _ in range(size // 5))
            f.write(text.encode()[:size])
        else:
            f.write(os.urandom(size))
os.makedirs(os.path.join(root, "src", "assets"), exist_ok=True)
for i in range(large):
    with open(os.path.join(root, "src", "assets", f"big{i}.bin"), "wb") as f:
        for _ in range(large_mb):
            if i % 2 == 0:
                f.write(os.urandom(1 << 20))
            else:
                # text blocks of 64 KiB: repeats lie beyond gzip's 32 KiB window, so it compresses like text
                block = " ".join(rng.choice(words) for _ in range(12000)).encode()[: 64 * 1024]
                f.write(block * 16)
