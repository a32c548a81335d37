#!/usr/bin/python3
"""Train the lstm classifier on the Debian-descriptions text task, export ONNX, write the PC
references. Model, training and encoding: models/common/text_models.py, models/common/text.py.

Regenerate (from the repository root):  /usr/bin/python3 models/lstm/train.py
Deterministic: reruns give bit-identical files except info.json's trainSeconds.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from common import text_models  # noqa: E402

if __name__ == "__main__":
    text_models.main("lstm")
