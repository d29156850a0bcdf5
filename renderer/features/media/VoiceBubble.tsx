import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { formatDuration } from './format';
import type { MediaCardProps } from './MediaCard';
import { useMediaOrigin, UNKNOWN_ORIGIN } from './mediaOrigin';
import { MediaStatus } from './MediaStatus';
import { extensionFor, mediaSaveName } from './saveName';
import { SaveButton } from './SaveButton';
import { useMediaConnection, useMediaRow, useMediaSource, useRequestWhenVisible } from './useMedia';

/**
 * A voice message: AMR-NB (DTX included) or SILK decoded in-app to WAV by main (cached), played in a
 * plain <audio>; play/pause, a seekable progress bar, position and duration; saved as the original
 * AMR/SILK or as the decoded WAV, named `chat-sender-time`.
 */
export function VoiceBubble({ corpId, msgid, item }: MediaCardProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const audioRef = useRef<HTMLAudioElement>(null);
  const row = useMediaRow(corpId, item.sdkfileid);
  useRequestWhenVisible(ref, corpId, msgid, item, row, true);
  const [wanted, setWanted] = useState(false);
  const { source, error, stale } = useMediaSource(corpId, row, 'play', {
    enabled: wanted || row?.state === 'done',
  });
  const [playing, setPlaying] = useState(false);
  // Without main nothing new can be played (MediaStatus says why); a playing voice can still pause.
  const { offline } = useMediaConnection();
  const [position, setPosition] = useState(0);
  const [duration, setDuration] = useState<number | null>(null);

  // The duration shown is the one the archive states (`play_length`), as on every other card; the
  // decoded length only stands in when the archive gives none. The seek bar spans the decoded audio.
  const decodedDuration = duration ?? (source?.durationMs !== undefined ? source.durationMs / 1000 : null);
  const knownDuration = item.playLength ?? decodedDuration;
  const origin = useMediaOrigin(corpId, msgid, row?.state === 'done');
  const names = origin === undefined ? null : (origin ?? UNKNOWN_ORIGIN);
  const originalName = names ? mediaSaveName(item, names, { mime: row?.mime }) : null;
  const wavName = names ? mediaSaveName(item, names, { extension: 'wav' }) : null;

  useEffect(() => {
    const audio = audioRef.current;
    if (!audio || !source || !wanted) return;
    if (audio.paused) void audio.play().catch(() => setPlaying(false));
  }, [source, wanted]);

  const toggle = () => {
    const audio = audioRef.current;
    if (!wanted) {
      setWanted(true);
      return;
    }
    if (!audio) return;
    if (audio.paused) void audio.play().catch(() => setPlaying(false));
    else audio.pause();
  };

  return (
    <div
      ref={ref}
      className="media-card media-card--voice voice-bubble"
      data-sdkfileid={item.sdkfileid}
      role="group"
      aria-label={t('media.voice.label', { duration: formatDuration(knownDuration) })}
    >
      <div className="voice-bubble__controls">
        <Button
          variant="primary"
          onClick={toggle}
          disabled={row?.state !== 'done' || error !== null || (offline && !playing)}
          aria-pressed={playing}
        >
          {playing ? t('media.action.pause') : t('media.action.play')}
        </Button>
        <input
          className="voice-bubble__progress"
          type="range"
          min={0}
          max={decodedDuration ?? knownDuration ?? 0}
          step={0.01}
          value={position}
          aria-label={t('media.voice.progress')}
          disabled={!source}
          onChange={(event) => {
            const audio = audioRef.current;
            if (audio) audio.currentTime = Number(event.target.value);
          }}
        />
        <span className="voice-bubble__time">
          {formatDuration(position)} / {formatDuration(knownDuration)}
        </span>
      </div>
      {error ? <p className="media-status__failure">{t('media.voice.decodeFailed')}</p> : null}
      {row?.state === 'done' ? (
        <div className="button-row">
          <SaveButton
            corpId={corpId}
            sdkfileid={item.sdkfileid}
            purpose="download"
            fileName={originalName}
            testId="save-voice-original"
          >
            {t('media.voice.saveOriginal', { format: extensionFor(item.kind, row.mime).toUpperCase() })}
          </SaveButton>
          <SaveButton
            corpId={corpId}
            sdkfileid={item.sdkfileid}
            purpose="play"
            fileName={wavName}
            testId="save-voice-wav"
          >
            {t('media.voice.saveWav')}
          </SaveButton>
        </div>
      ) : null}
      {source ? (
        <audio
          ref={audioRef}
          className="voice-bubble__audio"
          src={source.url}
          preload="metadata"
          onError={stale}
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onEnded={() => setPlaying(false)}
          onTimeUpdate={(event) => setPosition(event.currentTarget.currentTime)}
          onLoadedMetadata={(event) => {
            const value = event.currentTarget.duration;
            if (Number.isFinite(value)) setDuration(value);
          }}
        />
      ) : null}
      <MediaStatus corpId={corpId} msgid={msgid} item={item} row={row} />
    </div>
  );
}
