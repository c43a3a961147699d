/**
 * `@peculiar/x509`, loaded after the Reflect polyfill it needs: its dependency injection
 * container reads decorator metadata at import time, so `reflect-metadata` must be evaluated
 * first. Every module of the CA imports x509 from here, never from the package directly.
 */
import "reflect-metadata";

export * from "@peculiar/x509";
