import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { loadQrDetector } from './camera-decoder';
import { Modal } from './Modal';

const SCAN_INTERVAL_MS = 150;

/** Reads a QR from the webcam; hands the first one it reads to `onScan` and closes. */
export function CameraScanner({ onScan, onClose }: { onScan: (text: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const latest = useRef(onScan);
  latest.current = onScan;

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    (async () => {
      try {
        const media = navigator.mediaDevices;
        if (!media?.getUserMedia) throw new Error('no camera API');
        stream = await media.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const detector = await loadQrDetector();
        const tick = async () => {
          if (stopped || !video.current) return;
          try {
            const found = await detector.detect(video.current);
            const first = found[0];
            if (first && !stopped) {
              stopped = true;
              latest.current(first.rawValue);
              return;
            }
          } catch {
            // A frame the decoder cannot read yet (camera warming up): try the next one.
          }
          timer = setTimeout(() => void tick(), SCAN_INTERVAL_MS);
        };
        void tick();
      } catch {
        if (!stopped) setProblem(t('camera.unavailable'));
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [t]);

  return (
    <Modal title={t('camera.title')} onClose={onClose}>
      <div className="camera">
        <video ref={video} muted playsInline />
        <p className="hint">{problem ?? t('camera.hint')}</p>
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={onClose}>
          {t('action.close')}
        </button>
      </div>
    </Modal>
  );
}
