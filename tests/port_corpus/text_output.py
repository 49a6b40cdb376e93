# Python translation of text_output.m (python -m matlabnn.port).

import numpy as np
from matlabnn.port.runtime import disp, display, num2str, string

# Text: strings, chars, quotes, display and formatting.
name = "matlabnn"
label = "it's"
quoted = 'say "hi"'
greeting = "Hello " + name
count = 3
message = 'Count: ' + num2str(count)
line = '%d items at %.2f each' % (count, 1.5)
print('Total: %d' % count)
print('100% done')
print('done')
disp(count)
title_ = "RMSE = " + num2str(0.25)
labels = ["Feature " + s for s in string(np.arange(1, 4))]
value = 42
display("value", value)
