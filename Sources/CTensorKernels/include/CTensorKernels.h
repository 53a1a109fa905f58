#ifndef C_TENSOR_KERNELS_H
#define C_TENSOR_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Single-precision GEMM on row-major matrices, one thread:
///   C[m x n] = op(A)[m x k] * op(B)[k x n] + (accumulate ? C : 0)
/// op(A) = A (lda >= k) or, when transA != 0, A^T where A is stored [k x m] (lda >= m).
/// op(B) = B (ldb >= n) or, when transB != 0, B^T where B is stored [n x k] (ldb >= k).
/// Uses AVX2+FMA when the CPU has them (runtime dispatch), portable C otherwise.
void ebm_sgemm(int transA, int transB, long m, long n, long k,
               const float *a, long lda, const float *b, long ldb,
               float *c, long ldc, int accumulate);

/// Elementwise y[i] = f(x[i]) for i < n; x and y may be the same buffer.
void ebm_vexp(const float *x, float *y, long n);
void ebm_vlog(const float *x, float *y, long n);
void ebm_vlog1p(const float *x, float *y, long n);
void ebm_vtanh(const float *x, float *y, long n);
void ebm_vsigmoid(const float *x, float *y, long n);
void ebm_vsoftplus(const float *x, float *y, long n);
/// SiLU and its derivative: s = sigmoid(z) (as ebm_vsigmoid), value = z s, derivative =
/// s (1 + z (1 - s)); z, value and derivative are distinct buffers.
void ebm_vsilu_with_derivative(const float *z, float *value, float *derivative, long n);
/// y[i] = a[i] * b[i]; y may be a or b.
void ebm_vmul(const float *a, const float *b, float *y, long n);

/// Precise RoI pooling (Jiang et al., ECCV 2018) on features stored NHWC [n x h x w x c], with
/// boxes [k x 5] = (image index, x1, y1, x2, y2) in input pixels (times `scale`: feature-map
/// coordinates, pixel centres on the integers). Conventions of the reference CUDA code: roi size
/// max(x2 - x1, 0), bins of zero area give 0 and zero gradients; a NaN coordinate gives NaN.
/// Floats of scratch one call needs (one buffer per concurrently running call).
long ebm_prroi_scratch_floats(long h, long w, long c, long pooled_h, long pooled_w);
/// Writes boxes first_box ..< first_box + box_count of output [k x c x pooled_h x pooled_w].
void ebm_prroi_forward(const float *features, long n, long h, long w, long c, const float *boxes, float scale,
                       long pooled_h, long pooled_w, long first_box, long box_count, float *output, float *scratch,
                       int portable);
/// Adds the gradient of channels first_channel ..< end_channel, from every box in order, to
/// grad_features (NHWC). Calls on disjoint channel ranges may run concurrently.
void ebm_prroi_feature_grad(const float *boxes, long box_count, float scale, long n, long h, long w, long c,
                            long pooled_h, long pooled_w, const float *grad_output, long first_channel,
                            long end_channel, float *grad_features, float *scratch, int portable);
/// Writes rows first_box ..< first_box + box_count of grad_boxes [k x 5] (column 0 is 0).
void ebm_prroi_box_grad(const float *features, long n, long h, long w, long c, const float *boxes, float scale,
                        long pooled_h, long pooled_w, const float *grad_output, long first_box, long box_count,
                        float *grad_boxes, float *scratch, int portable);

/// Rows per tile of the dense-chain kernels.
#define EBM_CHAIN_TILE 64

/// One layer of a dense chain: out = act(in · Wᵀ + b) (+ in when residual).
typedef struct {
  long inputs;
  long outputs;
  const float *weight;   ///< [outputs x inputs], row-major (PyTorch's layout)
  const float *bias;     ///< [outputs], or [groups x outputs] when grouped
  int grouped;           ///< row r uses bias row r / rows_per_group
  int tanh_activation;   ///< 1: tanh, 0: identity
  int residual;          ///< add the layer's input (inputs == outputs)
} ebm_chain_layer;

/// Floats of saved activations per row (the forward pass stores tiles x 64 x this many).
long ebm_chain_saved_width(const ebm_chain_layer *layers, long count);
/// Floats of scratch one call needs (one buffer per concurrently running call).
long ebm_chain_scratch_floats(const ebm_chain_layer *layers, long count);
/// Floats of one tile range's weight and bias accumulator (lane-partial sums).
long ebm_chain_accumulator_floats(const ebm_chain_layer *layers, long count);

/// Forward pass over tiles first_tile ..< first_tile + tiles of the n rows of `input`
/// [n x inputs of layer 0]: writes those rows of `output` [n x outputs of the last layer] and the
/// tiles' saved activations. Calls on disjoint tile ranges may run concurrently.
void ebm_chain_forward(const ebm_chain_layer *layers, long count, long rows_per_group, const float *input, long n,
                       long first_tile, long tiles, float *output, float *saved, float *scratch, int portable);

/// Forward-mode pass over tiles first_tile ..< first_tile + tiles: writes those rows of the
/// directional derivative J·v [n x outputs of the last layer] of the chain's output along
/// `direction` v [n x inputs of layer 0] (NULL: all ones), without saving anything. With one
/// input that is d(output)/d(input). `scratch` holds ebm_chain_scratch_floats floats.
void ebm_chain_tangent(const ebm_chain_layer *layers, long count, long rows_per_group, const float *input,
                       const float *direction, long n, long first_tile, long tiles, float *tangent, float *scratch,
                       int portable);

/// Backward pass over a tile range given dL/d(output) [n x outputs of the last layer]: adds the
/// range's lane-partial weight and bias gradients to `accumulator` (zeroed by the caller,
/// layout per layer: [outputs][inputs][8] then [outputs][8]), adds grouped-bias gradients to
/// `group_partial` (per grouped layer, [groups the range touches][outputs], starting at group
/// `first_group`), and writes the range's rows of dL/d(input) when `grad_input` is not NULL.
/// With `accumulator` NULL the parameter gradients are skipped (`group_partial` is unused).
void ebm_chain_backward(const ebm_chain_layer *layers, long count, long rows_per_group, const float *input, long n,
                        const float *saved, const float *grad_output, long first_tile, long tiles,
                        float *grad_input, float *accumulator, float *group_partial, long first_group,
                        float *scratch, int portable);

/// Floats of scratch one call of ebm_chain_tangent_backward needs.
long ebm_chain_tangent_scratch_floats(const ebm_chain_layer *layers, long count);

/// Reverse pass through the forward-mode tangent of ebm_chain_tangent over a tile range: given
/// dL/d(J·v) `grad_tangent` [n x outputs of the last layer] (and dL/d(output) `grad_output`, or
/// NULL for zero), recomputes the tiles' values and tangents in place (nothing saved) and adds
/// the range's parameter gradients to `accumulator` / `group_partial` exactly as
/// ebm_chain_backward lays them out, and writes the range's rows of dL/d(input) when
/// `grad_input` is not NULL (the direction is a constant). `scratch` holds
/// ebm_chain_tangent_scratch_floats floats.
void ebm_chain_tangent_backward(const ebm_chain_layer *layers, long count, long rows_per_group, const float *input,
                                const float *direction, long n, const float *grad_tangent, const float *grad_output,
                                long first_tile, long tiles, float *grad_input, float *accumulator,
                                float *group_partial, long first_group, float *scratch, int portable);

/// Floats of scratch one call of ebm_chain_second_tangent or ebm_chain_second_tangent_backward
/// needs.
long ebm_chain_second_scratch_floats(const ebm_chain_layer *layers, long count);

/// Second-order forward mode over tiles first_tile ..< first_tile + tiles: writes those rows of
/// the tangent J·v and of the second directional derivative D²(output)[v, v] (each [n x outputs
/// of the last layer]) along `direction` v (NULL: all ones). With one input they are
/// d(output)/d(input) and d²(output)/d(input)², what score matching's exact trace needs.
/// `scratch` holds ebm_chain_second_scratch_floats floats.
void ebm_chain_second_tangent(const ebm_chain_layer *layers, long count, long rows_per_group, const float *input,
                              const float *direction, long n, long first_tile, long tiles, float *tangent,
                              float *second, float *scratch, int portable);

/// Reverse pass through ebm_chain_second_tangent over a tile range: given dL/d(J·v)
/// `grad_tangent` and dL/d(D²[v, v]) `grad_second` (each [n x outputs of the last layer]),
/// recomputes the tiles' values and both tangents (nothing saved) and adds the range's parameter
/// gradients to `accumulator` / `group_partial` exactly as ebm_chain_backward lays them out, and
/// writes the range's rows of dL/d(input) when `grad_input` is not NULL (the direction is a
/// constant).
void ebm_chain_second_tangent_backward(const ebm_chain_layer *layers, long count, long rows_per_group,
                                       const float *input, const float *direction, long n, const float *grad_tangent,
                                       const float *grad_second, long first_tile, long tiles, float *grad_input,
                                       float *accumulator, float *group_partial, long first_group, float *scratch,
                                       int portable);

/// Activations of the fused MLP kernel: φ and φ' as MLPEnergy computes them.
enum { EBM_MLP_SILU = 0, EBM_MLP_SOFTPLUS = 1, EBM_MLP_TANH = 2, EBM_MLP_RELU = 3 };

/// An MLP energy x ↦ φ(… φ(x W₁ᵀ + b₁) …) · w + b: `depth` hidden layers of `width` units on
/// `dimension` inputs.
typedef struct {
  long dimension;
  long width;
  long depth;
  int activation;  ///< EBM_MLP_SILU, EBM_MLP_SOFTPLUS, EBM_MLP_TANH or EBM_MLP_RELU
} ebm_mlp_shape;

/// Floats of the packed weights of ebm_mlp_pack.
long ebm_mlp_packed_floats(const ebm_mlp_shape *s);
/// Packs the weights once for ebm_mlp_input_gradient: weights[l] [out x in] (PyTorch's layout)
/// for l = 0 ... depth (the last is the output layer [1 x width]), biases[l] [width] for
/// l < depth (the output bias does not enter the gradient).
void ebm_mlp_pack(const ebm_mlp_shape *s, const float *const *weights, const float *const *biases, float *packed);
/// Writes rows first_row ..< first_row + rows of ∂E/∂x [n x dimension] for `input` [n x dimension]:
/// forward and backward fused per block of 96 rows, one thread, a thread-local scratch. Calls on
/// disjoint row ranges may run concurrently; the bits do not depend on the ranges, nor on
/// `portable` (1: the scalar path).
void ebm_mlp_input_gradient(const ebm_mlp_shape *s, const float *packed, const float *input, long first_row,
                            long rows, float *grad, int portable);

/// The geometry of a 2-D convolution on NCHW tensors (PyTorch's conv2d): input [batch x channels
/// x height x width], weight [out_channels x channels/groups x kernel_h x kernel_w], output
/// [batch x out_channels x out_height x out_width].
typedef struct {
  long batch, channels, height, width;
  long out_channels, out_height, out_width;
  long kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
  long groups;
} ebm_conv_geometry;

/// Images per tile of the convolution kernels (a function of the geometry alone).
long ebm_conv_tile_images(const ebm_conv_geometry *g);
/// Floats of per-thread scratch one tile needs (kept by the kernels in a thread-local buffer).
long ebm_conv_scratch_floats(const ebm_conv_geometry *g);
/// Output images first ..< first + images (one tile) of y = conv2d(x, w), one thread.
void ebm_conv_forward(const ebm_conv_geometry *g, const float *x, const float *w, float *y, long first,
                      long images);
/// Input-gradient images first ..< first + images of dx = conv2d_x^T(dy, w) (overwritten), one thread.
void ebm_conv_input_grad(const ebm_conv_geometry *g, const float *dy, const float *w, float *dx, long first,
                         long images);
/// dw (+)= the weight gradient contributed by images first ..< first + images, one thread.
void ebm_conv_weight_grad(const ebm_conv_geometry *g, const float *x, const float *dy, float *dw, long first,
                          long images, int accumulate);

/// Winograd F(2x2, 3x3) path of conv2d (3x3 kernels, stride 1, dilation 1, one group, padding at
/// most 2, at least 16 channels in and out): 1 when it applies to the geometry.
int ebm_conv_winograd_applies(const ebm_conv_geometry *g);
/// Images per chunk of the Winograd kernels (a multiple of 8, a function of the geometry alone).
long ebm_conv_winograd_chunk_images(const ebm_conv_geometry *g);
/// Floats of per-thread scratch one chunk needs (kept by the kernels in a thread-local buffer).
long ebm_conv_winograd_scratch_floats(const ebm_conv_geometry *g);
/// The transformed weight U = G w G^T, [16][out_channels][channels].
void ebm_conv_winograd_weights(const ebm_conv_geometry *g, const float *w, float *u);
/// Output images first ..< first + images (at most one chunk) of y = conv2d(x, w), one thread;
/// `u` from ebm_conv_winograd_weights.
void ebm_conv_winograd_forward(const ebm_conv_geometry *g, const float *x, const float *u, float *y, long first,
                               long images);
/// du (+)= the transformed weight gradient [16][out_channels][channels] of images
/// first ..< first + images (at most one chunk), one thread.
void ebm_conv_winograd_weight_grad(const ebm_conv_geometry *g, const float *x, const float *dy, float *du, long first,
                                   long images, int accumulate);
/// dw = G^T du G, [out_channels][channels][3][3].
void ebm_conv_winograd_weight_grad_finish(const ebm_conv_geometry *g, const float *du, float *dw);

/// JPEG sample reconstruction, bit-exact with libjpeg-turbo (Pillow's decoder).
/// Dequantises (natural-order `quant`) and inverse-transforms `blocks` consecutive 8x8 blocks of
/// natural-order coefficients with the islow integer IDCT (jidctint.c), writing block b's samples
/// (clamped 0...255) at output + 8 * b, rows `stride` bytes apart.
void ebm_jpeg_idct_islow(const int16_t *coefficients, long blocks, const int32_t *quant, uint8_t *output,
                         long stride);
/// JFIF YCbCr -> interleaved RGB of `count` pixels in libjpeg's 16-bit fixed point (jdcolor.c).
void ebm_jpeg_ycc_to_rgb(const uint8_t *y, const uint8_t *cb, const uint8_t *cr, uint8_t *rgb, long count);

/// 1 when the AVX2+FMA paths are in use.
int ebm_has_avx2_fma(void);

/// Portable reference paths, used when the CPU lacks AVX2+FMA. Exposed so that tests can check
/// them on any machine; same contracts as the functions above (the elementwise ones call libm).
void ebm_sgemm_portable(int transA, int transB, long m, long n, long k,
                        const float *a, long lda, const float *b, long ldb,
                        float *c, long ldc, int accumulate);
void ebm_vexp_portable(const float *x, float *y, long n);
void ebm_vlog_portable(const float *x, float *y, long n);
void ebm_vlog1p_portable(const float *x, float *y, long n);
void ebm_vtanh_portable(const float *x, float *y, long n);
void ebm_vsigmoid_portable(const float *x, float *y, long n);
void ebm_vsoftplus_portable(const float *x, float *y, long n);
void ebm_jpeg_idct_islow_portable(const int16_t *coefficients, long blocks, const int32_t *quant, uint8_t *output,
                                  long stride);
void ebm_jpeg_ycc_to_rgb_portable(const uint8_t *y, const uint8_t *cb, const uint8_t *cr, uint8_t *rgb, long count);

#ifdef __cplusplus
}
#endif

// 2 × 2 max pooling at stride 2 of `planes` NCHW planes of height × width (odd edges dropped):
// values and flat input indices of the maxima, [planes, height / 2, width / 2]; the first of tied
// maxima wins, and NaN wins.
void ebm_maxpool2x2_forward(const float *x, float *values, long *indices, long planes, long height, long width);

#endif
