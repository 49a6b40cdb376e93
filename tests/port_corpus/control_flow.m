% Control flow: if/elseif/else, for, while, switch, try/catch, break/continue.
total = 0;
for i = 1:10
    if mod(i, 2) == 0
        continue
    elseif i > 7
        break
    else
        total = total + i;
    end
end

count = 0;
while count < 5
    count = count + 2;
end

columns = 0;
for col = [1 2; 3 4]
    columns = columns + col(1) * 10 + col(2);
end

down = 0;
for k = 5:-1:1
    down = down * 10 + k;
end

mode = 'sgdm';
switch mode
    case 'adam'
        rate = 1;
    case {'sgdm', 'rmsprop'}
        rate = 2;
    otherwise
        rate = 3;
end

try
    error('Custom:failure', 'failed with %d', 42);
catch err
    message = err.message;
end
