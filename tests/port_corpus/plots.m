% Plots with matplotlib.
y = [3 1 4 1 5];
figure
subplot(2, 1, 1)
plot(y)
hold on
plot(1:5, y, 'r--', 'LineWidth', 2)
hold off
xlabel("Step")
ylabel("Value")
title("Values")
legend(["first" "second"], 'Location', 'southwest')
subplot(2, 1, 2)
bar(y)
ylim([0 6])
grid on
figure
histogram(y)
stem(y - 1)
