function exportNetwork(net, filename)
%EXPORTNETWORK Save a network trained in MATLAB for use in matlabnn (Python).
%   exportNetwork(net, filename) writes the SeriesNetwork NET to the MAT file
%   FILENAME in the layout that matlabnn's load reads (documented in the
%   module docstring of matlabnn.io): one variable, net, a struct with fields
%
%       Class            'SeriesNetwork'
%       matlabnn_format  1
%       Layers           N-by-1 cell array, one struct per layer with the
%                        layer's class (Class, e.g. 'nnet.cnn.layer.LSTMLayer')
%                        and its properties under MATLAB's names (Name,
%                        NumHiddenUnits, OutputMode, InputWeights, Bias, ...)
%       InputNames       cellstr
%       OutputNames      cellstr
%       DataType         'single'
%
%   The file is written with save(filename, 'net', '-v7'), which SciPy reads.
%   It holds only structs, cell arrays, char, logical and numeric arrays, so it
%   also loads in MATLAB (as a struct, not a network).
%
%   Supported layers: sequenceInputLayer, featureInputLayer, lstmLayer,
%   bilstmLayer, gruLayer, fullyConnectedLayer, dropoutLayer, reluLayer,
%   leakyReluLayer, tanhLayer, sigmoidLayer, softmaxLayer, classificationLayer
%   and regressionLayer.
%
%   Function handles (a custom Normalization or weight initializer) cannot be
%   used outside MATLAB: their text ('@name') is saved. matlabnn falls back to
%   the default initializer with a warning (the trained weights are saved
%   anyway) but cannot load a network that normalizes with a function handle.
%
%   Example (MATLAB):
%       net = trainNetwork(XTrain, YTrain, layers, options);
%       exportNetwork(net, 'trainedNet.mat')
%
%   and then in Python:
%       from matlabnn import load, predict
%       net = load('trainedNet.mat').net
%       YPred = predict(net, XTest)

    if nargin < 2
        error('exportNetwork:NotEnoughInputs', ...
            'Usage: exportNetwork(net, filename)');
    end
    if ~isa(net, 'SeriesNetwork')
        error('exportNetwork:InvalidNetwork', ...
            ['exportNetwork: expected a SeriesNetwork (from trainNetwork or ' ...
             'assembleNetwork), not a %s.'], class(net));
    end
    filename = char(filename);

    layers = net.Layers;
    s = struct();
    s.Class = 'SeriesNetwork';
    s.matlabnn_format = 1;
    s.Layers = cell(numel(layers), 1);
    for k = 1:numel(layers)
        s.Layers{k} = layerStruct(layers(k));
    end
    s.InputNames = reshape(cellstr(net.InputNames), [], 1);
    s.OutputNames = reshape(cellstr(net.OutputNames), [], 1);
    s.DataType = 'single';

    net = s; %#ok<NASGU> saved below under the name 'net'
    save(filename, 'net', '-v7');
end

function t = layerStruct(layer)
%LAYERSTRUCT One layer as a struct of its class and its properties.
    supported = { ...
        'nnet.cnn.layer.SequenceInputLayer', 'nnet.cnn.layer.FeatureInputLayer', ...
        'nnet.cnn.layer.LSTMLayer', 'nnet.cnn.layer.BiLSTMLayer', ...
        'nnet.cnn.layer.GRULayer', 'nnet.cnn.layer.FullyConnectedLayer', ...
        'nnet.cnn.layer.DropoutLayer', 'nnet.cnn.layer.ReLULayer', ...
        'nnet.cnn.layer.LeakyReLULayer', 'nnet.cnn.layer.TanhLayer', ...
        'nnet.cnn.layer.SigmoidLayer', 'nnet.cnn.layer.SoftmaxLayer', ...
        'nnet.cnn.layer.ClassificationOutputLayer', ...
        'nnet.cnn.layer.RegressionOutputLayer'};
    cls = class(layer);
    if ~any(strcmp(cls, supported))
        error('exportNetwork:UnsupportedLayer', ...
            'exportNetwork: layer ''%s'' is a %s, which matlabnn does not support.', ...
            layer.Name, cls);
    end

    % Every property matlabnn reads, in MATLAB's names; those a layer does not
    % have (isprop false) are skipped.
    props = { ...
        'Name', 'InputSize', 'NumHiddenUnits', 'OutputSize', 'OutputMode', ...
        'HasStateInputs', 'HasStateOutputs', ...
        'StateActivationFunction', 'GateActivationFunction', 'ResetGateMode', ...
        'InputWeightsInitializer', 'RecurrentWeightsInitializer', ...
        'WeightsInitializer', 'BiasInitializer', ...
        'InputWeights', 'RecurrentWeights', 'Weights', 'Bias', ...
        'InputWeightsLearnRateFactor', 'RecurrentWeightsLearnRateFactor', ...
        'WeightLearnRateFactor', 'BiasLearnRateFactor', ...
        'InputWeightsL2Factor', 'RecurrentWeightsL2Factor', ...
        'WeightL2Factor', 'BiasL2Factor', ...
        'HiddenState', 'CellState', ...
        'Normalization', 'NormalizationDimension', ...
        'Mean', 'StandardDeviation', 'Min', 'Max', ...
        'MinLength', 'SplitComplexInputs', ...
        'Probability', 'Scale', ...
        'Classes', 'ClassWeights', 'ResponseNames'};

    t = struct();
    t.Class = cls;
    for k = 1:numel(props)
        p = props{k};
        if isprop(layer, p)
            t.(p) = plainValue(layer.(p));
        end
    end
end

function v = plainValue(x)
%PLAINVALUE A property value as char, cellstr, logical or numeric data.
    if isa(x, 'gpuArray')
        x = gather(x);
    end
    if isa(x, 'dlarray')
        x = extractdata(x);
    end
    if isa(x, 'function_handle')
        v = func2str(x);
        if isempty(v) || v(1) ~= '@'
            v = ['@' v];
        end
    elseif iscategorical(x)
        % Classes: the class names, in class order, as a K-by-1 cellstr.
        v = cellstr(string(x(:)));
    elseif isstring(x)
        if isscalar(x)
            v = char(x);
        else
            v = cellstr(x(:));
        end
    elseif iscell(x)
        v = x(:);
        for k = 1:numel(v)
            if isstring(v{k})
                v{k} = char(v{k});
            end
        end
    else
        v = x;   % char, logical, double, single (learnables stay single)
    end
end
