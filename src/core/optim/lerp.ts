/**
 * `start + weight * (end - start)` computed the way ATen's `lerp` does (torch.Tensor.lerp_), which
 * Adam's first moment and RMSprop's centred average use. Small weights interpolate from `start`,
 * large ones from `end`; this keeps the result bit-for-bit equal to PyTorch's float64 CPU path rather
 * than merely equal up to rounding to the algebraic form `(1 - w) * start + w * end`.
 */
export function lerp(start: number, end: number, weight: number): number {
  return Math.abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}
