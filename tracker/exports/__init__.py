"""Files for other programs: calendar tasks (ICS)."""
