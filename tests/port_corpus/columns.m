% Column vectors, matrices grown a column at a time, text compared with cells.
y = zeros(4, 1);
for i = 1:4
    y(i) = i * 10;
end
firstTwo = y(1:2);
third = y(3);
c = [1; 2; 3];
cTotal = sum(c);
A = zeros(2, 0);
for k = 1:3
    A(:, end+1) = [k; -k];
end
names = {'alpha', 'beta', 'gamma'};
isBeta = strcmp(names, 'beta');
where = find(isBeta);
half = round(2.5);
M = [1 2; 3 4];
sideBySide = [M(1, :)' M(2, :)'];
firstColumnAsRow = M(:, 1)';
K = [1 1; 3 4; 5 5];
constantRows = max(K, [], 2) == min(K, [], 2);
K(constantRows, :) = [];
