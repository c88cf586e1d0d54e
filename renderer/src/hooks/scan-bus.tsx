// Scans and typed keys, delivered to whichever screen listens. The App owns the keyboard-wedge
// detector (it must hear the scanner wherever focus is); screens subscribe here instead of
// listening to the raw keyboard, so a scan's characters never leak into an amount or a field.
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef } from 'react';

export type ScanSource = 'keyboard' | 'camera' | 'serial';

export interface ScanDelivery {
  text: string;
  source: ScanSource;
}

export interface ScanBus {
  publishScan(scan: ScanDelivery): void;
  /** A key the detector judged to be a person typing (digits, Backspace, Enter…). */
  publishKey(key: string): void;
  onScan(listener: (scan: ScanDelivery) => void): () => void;
  onKey(listener: (key: string) => void): () => void;
}

export function createScanBus(): ScanBus {
  const scanListeners = new Set<(scan: ScanDelivery) => void>();
  const keyListeners = new Set<(key: string) => void>();
  return {
    publishScan(scan) {
      for (const listener of scanListeners) listener(scan);
    },
    publishKey(key) {
      for (const listener of keyListeners) listener(key);
    },
    onScan(listener) {
      scanListeners.add(listener);
      return () => scanListeners.delete(listener);
    },
    onKey(listener) {
      keyListeners.add(listener);
      return () => keyListeners.delete(listener);
    },
  };
}

const ScanBusContext = createContext<ScanBus | null>(null);

export function ScanBusProvider({ bus, children }: { bus?: ScanBus; children: ReactNode }) {
  const value = useMemo(() => bus ?? createScanBus(), [bus]);
  return <ScanBusContext.Provider value={value}>{children}</ScanBusContext.Provider>;
}

export function useScanBus(): ScanBus {
  const bus = useContext(ScanBusContext);
  if (!bus) throw new Error('useScanBus outside ScanBusProvider');
  return bus;
}

/** Subscribes for the component's lifetime; the latest handlers are always the ones called. */
export function useScanInput(handlers: {
  onScan?: (scan: ScanDelivery) => void;
  onKey?: (key: string) => void;
}): void {
  const bus = useScanBus();
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const offScan = bus.onScan((scan) => latest.current.onScan?.(scan));
    const offKey = bus.onKey((key) => latest.current.onKey?.(key));
    return () => {
      offScan();
      offKey();
    };
  }, [bus]);
}
