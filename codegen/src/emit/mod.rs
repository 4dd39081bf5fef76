//! Emitters: functions of the model.
