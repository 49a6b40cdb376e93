%% Comments, cells and continuation lines
% A line comment.
x = 1;  % a trailing comment

%{
A block comment
over two lines.
%}
total = x + ...
    2;   % continued
values = [1, 2, ... first row continues
          3];

%% Second cell
y = total * 2;
if y > 4   % big
    z = 1;
else % small
    z = 2;
end % if
