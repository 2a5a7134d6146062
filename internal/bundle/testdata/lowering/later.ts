export const later = "loaded later";
