package com.bakeryia.training.model;

/** The forecasting model families the training service trains. */
public enum ModelType {
    PROPHET,
    XGBOOST,
    LSTM,
    ARIMA
}
