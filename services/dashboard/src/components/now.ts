import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs`, so relative times ("5 phút trước") and
 * countdowns keep moving without a render ever reading the clock itself.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, intervalMs);
    return () => {
      window.clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}
