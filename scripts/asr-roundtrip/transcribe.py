"""Transcribe WAVs with faster-whisper from a local model dir (fully offline).
usage: transcribe.py MODEL_DIR OUT_SUFFIX WAV..."""
import os, sys, time, json
os.environ["HF_HUB_OFFLINE"] = "1"; os.environ["TRANSFORMERS_OFFLINE"] = "1"
from faster_whisper import WhisperModel
model_dir, suffix, wavs = sys.argv[1], sys.argv[2], sys.argv[3:]
t = time.time()
m = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
print(f"loaded {model_dir} in {time.time()-t:.1f}s", flush=True)
for w in wavs:
    t = time.time()
    segs, info = m.transcribe(w, language="en", beam_size=5)
    text = " ".join(s.text.strip() for s in segs)
    out = w.rsplit(".", 1)[0] + f".{suffix}.txt"
    open(out, "w").write(text + "\n")
    print(f"{w}: {info.duration:.1f}s audio transcribed in {time.time()-t:.1f}s -> {out}", flush=True)
