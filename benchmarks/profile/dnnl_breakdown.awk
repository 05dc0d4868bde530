# oneDNN's time per gradient of the default cnn, by primitive, from a DNNL_VERBOSE=1 log of
# `./l2l bench --only unroll_cnn` (docs/performance.md): the exec lines of the 128-image minibatches,
# divided by the number of gradients (one second-layer weight gradient each).
#   awk -f benchmarks/profile/dnnl_breakdown.awk LOG
BEGIN { FS = "," }
/^dnnl_verbose,exec/ && ($0 ~ /mb128/ || $0 ~ /,128x/) {
  if ($4 == "convolution") {
    kind = "convolution " $6 ($0 ~ /ic1oc/ ? ", first layer" : ", second layer")
  } else if ($4 == "reorder") {
    kind = "reorder " $(NF - 1)
  } else {
    kind = $4
  }
  ms[kind] += $NF
  total += $NF
  if ($4 == "convolution" && $6 == "backward_weights" && $0 ~ /ic8oc8/) gradients++
}
END {
  for (k in ms) printf "%-50s %7.2f ms\n", k, ms[k] / gradients | "sort"
  close("sort")
  printf "%-50s %7.2f ms a gradient, %d gradients\n", "all", total / gradients, gradients
}
