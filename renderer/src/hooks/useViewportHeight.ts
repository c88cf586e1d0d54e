import { useEffect, useState } from 'react';

/** The window's inner height, kept current while `active` (a full-screen layout sizing itself). */
export function useViewportHeight(active = true): number {
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    if (!active) return;
    const update = () => setHeight(window.innerHeight);
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, [active]);
  return height;
}
