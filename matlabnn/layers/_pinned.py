"""Points of MATLAB behaviour that the spec marks [UNCONFIRMED], pinned in one place
(issue 13's layers). README "Differences from MATLAB" lists them.

The constants below are read by the code, so switching one is a one-line change.
Choices that are structural (a layout, not a number) are recorded here too:

* convolution1dLayer Weights are FilterSize-by-NumChannels-by-NumFilters, Bias
  1-by-NumFilters; convolution2dLayer FH-by-FW-by-C-by-NumFilters and 1-by-1-by-
  NumFilters; normalization Scale/Offset/TrainedMean/TrainedVariance NumChannels-by-1;
  image-sequence input statistics c-by-1 (per channel) or (h*w*c)-by-1 (per element,
  column-major order).
* layerNormalizationLayer on sequence data normalizes the channels of one
  observation at one time step.
* selfAttentionLayer heads take contiguous blocks of NumKeyChannels/NumHeads channels;
  the scale is 1/sqrt(NumKeyChannels/NumHeads); OutputSize 'auto' is the number of
  input channels; one WeightsInitializer/BiasInitializer for all projections.
* positionEmbeddingLayer and sinusoidalPositionEncodingLayer output the encoding only
  (add it to the data with additionLayer); sinusoidal channels alternate sin, cos.
* Masked padding (a design decision, not a guess): padded steps are left out of
  global pooling, batch-normalization statistics and attention keys, and
  indexing1dLayer('last') returns each observation's last real step.
"""

# 'same' padding: total = max((ceil(S/stride)-1)*stride + (F-1)*dilation + 1 - S, 0);
# an odd total puts the extra step on the right (bottom for 2-D), as MATLAB documents
# for its 2-D layers.
SAME_PADDING_EXTRA_ON_RIGHT = True

# maxPooling1dLayer / averagePooling1dLayer: default Stride.
POOLING1D_DEFAULT_STRIDE = 1

# batchNormalizationLayer: TrainedVariance is updated with the biased (1/M) mini-batch
# variance; TrainedX = Decay * batch statistic + (1 - Decay) * TrainedX with default
# decays 0.1; Epsilon defaults to 1e-5 (also for layerNormalizationLayer).
BATCHNORM_BIASED_VARIANCE = True
BATCHNORM_DEFAULT_DECAY = 0.1
NORMALIZATION_DEFAULT_EPSILON = 1e-5

# trainingOptions BatchNormalizationStatistics 'auto' means 'population' (statistics
# recomputed over the training data after training, as trainNetwork documents).
BATCHNORM_AUTO_STATISTICS = "population"

# sinusoidalPositionEncodingLayer: the position of the first time step in the formula.
SINUSOIDAL_FIRST_POSITION = 0

# positionEmbeddingLayer: default WeightsInitializer (N(0, 0.01^2)).
POSITION_EMBEDDING_INITIALIZER = "narrow-normal"

# geluLayer: default Approximation ('none' is the erf form).
GELU_DEFAULT_APPROXIMATION = "none"
