"""``python -m matlabnn``: the chickenpox forecasting demo (MATLAB's table and RMSEs)."""
from matlabnn.examples.chickenpox_forecast import main

if __name__ == "__main__":
    main()
