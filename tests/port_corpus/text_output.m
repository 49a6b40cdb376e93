% Text: strings, chars, quotes, display and formatting.
name = "matlabnn";
label = 'it''s';
quoted = "say ""hi""";
greeting = "Hello " + name;
count = 3;
message = ['Count: ' num2str(count)];
line = sprintf('%d items at %.2f each', count, 1.5);
fprintf('Total: %d\n', count);
fprintf('100%% done\n');
disp('done')
disp(count)
title_ = "RMSE = " + 0.25;
labels = "Feature " + string(1:3);
value = 42
