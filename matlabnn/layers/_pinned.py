"""Points of MATLAB behaviour that the spec marks [UNCONFIRMED], pinned in one place.

Each constant is the choice matlabnn makes; README "Differences from MATLAB"
lists them. Tests read them from here, so switching one is a one-line change.
"""

# convolution1dLayer: Weights are FilterSize-by-NumChannels-by-NumFilters, Bias 1-by-NumFilters.
CONV1D_WEIGHTS_LAYOUT = ("FilterSize", "NumChannels", "NumFilters")

# 'same' padding: total = max((ceil(S/stride)-1)*stride + (F-1)*dilation + 1 - S, 0);
# the odd element goes on the right (MATLAB documents this for its 2-D layers).
SAME_PADDING_EXTRA_ON_RIGHT = True

# maxPooling1dLayer / averagePooling1dLayer: default Stride.
POOLING1D_DEFAULT_STRIDE = 1

# batchNormalizationLayer: TrainedVariance uses the biased (1/M) batch variance, and the
# moving update is  TrainedMean = MeanDecay*batchMean + (1-MeanDecay)*TrainedMean.
BATCHNORM_BIASED_VARIANCE = True
BATCHNORM_DEFAULT_DECAY = 0.1
# trainingOptions BatchNormalizationStatistics 'auto' means 'population' (statistics
# recomputed over the training data after training, as trainNetwork documents).
BATCHNORM_AUTO_STATISTICS = "population"
NORMALIZATION_DEFAULT_EPSILON = 1e-5

# layerNormalizationLayer on sequence data: statistics over the channels of one
# observation at one time step (biased variance).
LAYERNORM_OVER = "channels"

# Masked padding (design decision): padded steps are left out of global pooling,
# batch-normalization statistics and attention keys; indexing1dLayer('last') returns
# each observation's last REAL step (MATLAB without a padding-mask input returns the
# last padded step).
INDEXING_LAST_IS_LAST_REAL_STEP = True

# selfAttentionLayer: heads take contiguous blocks of NumKeyChannels/NumHeads channels,
# scale 1/sqrt(NumKeyChannels/NumHeads); OutputSize 'auto' = the input channels.
ATTENTION_HEAD_BLOCKS = "contiguous"

# positionEmbeddingLayer / sinusoidalPositionEncodingLayer: the output is the encoding of
# positions (add it with additionLayer); the first time step is position 0 in the
# sinusoidal formula and column 1 of the embedding Weights (OutputSize-by-MaxPosition).
SINUSOIDAL_FIRST_POSITION = 0
POSITION_EMBEDDING_INITIALIZER = "normal"      # N(0, 0.01^2) ('narrow-normal')

# geluLayer Approximation 'none' uses erf; 'tanh' the usual tanh approximation.
GELU_DEFAULT_APPROXIMATION = "none"
