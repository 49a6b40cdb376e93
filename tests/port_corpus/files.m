% Reading data files and MAT files.
A = xlsread('measurements.xlsx');
B = readmatrix('table.csv');
C = dlmread('values.txt');
D = csvread('numbers.csv');
T = readtable('records.csv');
y = T.y;
XY = T{:, 1:2};
S = load('trained.mat');
net = S.net;
load results.mat accuracy
disp(accuracy)
folder = fullfile(tempdir, "data");
if ~exist(folder, 'dir')
    mkdir(folder);
end
