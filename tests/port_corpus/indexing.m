% Indexing: 1-based and end, ranges, masks, (:), deletion and growing.
v = [10 20 30 40 50];
first = v(1);
last = v(end);
middle = v(2:end-1);
reversed = v(end:-1:1);
evens = v(2:2:end);
picked = v([1 3]);
big = v(v > 25);
k = 3;
around = v(k-1:k+1);

M = reshape(1:12, 3, 4);
corner = M(end, end);
row2 = M(2, :);
col3 = M(:, 3);
block = M(1:2, 2:end);
column = M(:);
M(2, :) = [];

w = v;
w(2) = [];
w(end+1) = 60;

grown = [];
for i = 1:4
    grown(i) = i^2;
end

c = {1, 'two', [3 4]};
second = c{2};
firstTwo = c(1:2);
c{end+1} = 'four';
n = numel(c);

mask = mod(1:6, 2) == 0;
x = 1:6;
x(mask) = 0;
