% Local functions at the end of a script, with several outputs.
[lo, hi] = bounds([4 1 9 7]);
s = scaleBy(3, 2);
both = addAndMultiply(2, 5);
[added, multiplied] = addAndMultiply(2, 5);
clamped = clamp(15);
kept = clamp(3);

function [smallest, largest] = bounds(values)
% BOUNDS smallest and largest value
smallest = min(values);
largest = max(values);
end

function y = scaleBy(x, factor)
y = x * factor;
end

function [s, p] = addAndMultiply(a, b)
s = a + b;
p = a * b;
end

function r = clamp(x)
r = x;
if x > 10
    r = 10;
    return
end
end
