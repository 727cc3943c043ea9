/**
 * Types for @serialport/binding-mock 10.2, whose package.json `exports` hides
 * its own index.d.ts from TypeScript's node16 resolution. The subset the tests use.
 */
declare module '@serialport/binding-mock' {
  import type { BindingInterface, BindingPortInterface } from '@serialport/bindings-cpp';

  export interface CreatePortOptions {
    echo?: boolean;
    record?: boolean;
    readyData?: Buffer;
    maxReadSize?: number;
    manufacturer?: string;
    vendorId?: string;
    productId?: string;
  }
  export interface MockPortBinding extends BindingPortInterface {
    emitData(data: Buffer | string): void;
  }
  export interface MockBindingInterface extends BindingInterface<MockPortBinding> {
    reset(): void;
    createPort(path: string, opt?: CreatePortOptions): void;
  }
  export const MockBinding: MockBindingInterface;
}
