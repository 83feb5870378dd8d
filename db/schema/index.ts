export * from "./enums";
export * from "./auth";
export * from "./channels";
export * from "./conversations";
export * from "./messages";
export * from "./webhooks";
export * from "./flows";
export * from "./audit";
