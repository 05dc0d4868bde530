#!/usr/bin/env python3
"""Where a meta-training unroll's time goes, from a JDK Flight Recorder file of `l2l bench`.

    L2L_JAVA_OPTS="-XX:StartFlightRecording=filename=u.jfr,settings=profile" ./l2l bench --only unroll_mnist
    python3 benchmarks/profile/jfr_breakdown.py u.jfr [--from HH:MM:SS] [--layers]

Takes the samples of the main thread, of the kernel's worker threads (lstm-*) and of the thread that
runs the second gradient of each Hessian-vector product (l2l-hessian), from --from on
(default: after the last C2 compilation of the LSTM kernel, which is inside the warm-up), and
sorts each into the first matching category below by its stack. Java samples (every 10 ms under
settings=profile) and native ones (ND4J's C++ code, every 20 ms) are weighted by their periods.
--layers splits the DL4J category by the innermost DL4J layer frame of each stack (the layer, or its
helper, and the method: e.g. a convolution's oneDNN backward). Also counts samples whose top frame is one of the Vector API's Java fallbacks (code that runs
before C2 has compiled the kernel, or an operation C2 could not intrinsify).
"""
import collections
import json
import subprocess
import sys

DL4J = "DL4J loss and gradient"
CATEGORIES = [
    ("Hessian-vector products (their DL4J gradients)", ["UnrolledBptt$Replay.addHessianProduct", "CentralDifference."]),
    ("kernel backward", ["PartitionedKernel.backward", "PartitionedKernel.runBackward"]),
    ("kernel forward", ["PartitionedKernel.forward"]),
    (DL4J, ["lossAndGradient", "computeGradientAndScore"]),
    ("meta-optimizer step", ["MetaOptimizer."]),
    ("copies and fills", ["System.arraycopy", "Arrays.fill", "copyState", "clearState", "copyFrom"]),
    ("kernel threads waiting", ["CoordinatePool.run", "CoordinatePool.workLoop"]),
]
LAYER_PACKAGES = ("org/deeplearning4j/nn/layers/", "org/deeplearning4j/nn/conf/preprocessor/")
FALLBACKS = ("Template", "ldOp", "stOp", "bOp", "tOp", "uOp", "rvOp")
PERIOD_MS = {"jdk.ExecutionSample": 10, "jdk.NativeMethodSample": 20}


def events(jfr, kinds, depth=64):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", ",".join(kinds), jfr],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(f):
    m = f["method"]
    return m["type"]["name"].split("/")[-1] + "." + m["name"]


def main():
    jfr = sys.argv[1]
    start = None
    by_layer = "--layers" in sys.argv
    if "--from" in sys.argv:
        start = sys.argv[sys.argv.index("--from") + 1]
    if start is None:
        compiled = [e["values"]["startTime"] for e in events(jfr, ["jdk.Compilation"], 1)
                    if e["values"]["method"]["type"]["name"].startswith("org/l2l4j/lstm")
                    and e["values"]["compileLevel"] == 4]
        start = max(compiled, default="")
    print(f"samples from {start or 'the start'}")
    per_thread = collections.defaultdict(collections.Counter)
    fallbacks = collections.Counter()
    other = collections.Counter()
    for e in events(jfr, list(PERIOD_MS)):
        v = e["values"]
        stamp = v["startTime"]
        if start and (stamp[11:19] if len(start) <= 8 else stamp) < start:
            continue
        thread = v["sampledThread"]["javaName"]
        frames = (v.get("stackTrace") or {}).get("frames") or []
        if not frames or not (thread == "main" or thread.startswith("lstm-") or thread == "l2l-hessian"):
            continue
        group = {"main": "main thread", "l2l-hessian": "Hessian-vector products' helper thread"}.get(
            thread, "kernel worker threads")
        weight = PERIOD_MS[e["type"]]
        names = [frame_name(f) for f in frames]
        if any(s in frames[0]["method"]["name"] for s in FALLBACKS) and "vector" in frames[0]["method"]["type"]["name"]:
            fallbacks[group] += weight
        category = next((c for c, keys in CATEGORIES if any(k in n for n in names for k in keys)), None)
        if category is None:
            category = "other"
            other[" <- ".join(names[:4])] += weight
        elif by_layer and category == DL4J:
            category += ": " + next((n for f, n in zip(frames, names)
                                     if f["method"]["type"]["name"].startswith(LAYER_PACKAGES)), "no layer frame")
        per_thread[group][category] += weight
    for group, counts in per_thread.items():
        total = sum(counts.values())
        print(f"== {group}: {total / 1000:.1f} s of samples, {100 * fallbacks[group] / total:.1f}% in Vector API fallbacks")
        for category, ms in counts.most_common():
            print(f"  {100 * ms / total:5.1f}%  {category}")
    if other:
        print("== 'other', top stacks (ms)")
        for stack, ms in other.most_common(8):
            print(f"  {ms:6d}  {stack}")


if __name__ == "__main__":
    main()
