% Command syntax.
clc
clear all
close all
format long
rng default
figure
hold on
plot(1:3)
hold off
