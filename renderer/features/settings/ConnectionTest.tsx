import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionStepDto, ConnectionTestDto, CorpDto } from '../../../main/contract';
import { describeArchiveError, describePullError } from '../../i18n/describeErrors';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import { Table } from '../../ui/Table';
import { useAppServices } from '../appServices';

const outcomeTone = { ok: 'success', failed: 'danger', skipped: 'neutral' } as const;

/**
 * Test connection (issue 14): main runs Init, one GetChatData(limit 1) and one gettoken with the
 * corp's saved settings; each step is explained here, so a wrong secret, IP or proxy shows before the
 * first pull instead of during it.
 */
export function ConnectionTest({ corp }: { corp: CorpDto }) {
  const { t } = useTranslation();
  const { archive, pulls } = useAppServices();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ConnectionTestDto | null>(null);
  const [error, setError] = useState<string | null>(null);

  const explain = (step: ConnectionStepDto): { text: string; action?: string } => {
    if (step.outcome === 'ok') return { text: t(`connectionTest.okExplain.${step.step}`) };
    if (step.outcome === 'skipped') return { text: t('connectionTest.skipped') };
    const kind = step.kind ?? 'internal';
    const token = /^token-errcode-(-?\d+)$/.exec(kind);
    if (token)
      return {
        text: t(`connectionTest.token.${token[1] ?? ''}`, {
          defaultValue: t('connectionTest.token.generic', { errcode: token[1] }),
        }),
      };
    if (kind === 'token-network') return { text: t('connectionTest.token.network') };
    const { explanation, action } = describePullError(t, kind);
    return { text: explanation, action };
  };

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await archive.testConnection({ corpId: corp.id });
      if (answer.ok) {
        setReport(answer.value);
        for (const step of answer.value.steps.filter((candidate) => candidate.outcome === 'failed'))
          pulls.ledger.logError({
            at: answer.value.at,
            corpId: corp.id,
            source: 'connection-test',
            kind: step.kind ?? 'internal',
            message: `${step.step}: ${step.message}`,
          });
      } else {
        setError(describeArchiveError(t, answer.error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section
      id={`connection-test-${corp.id}`}
      title={t('connectionTest.title')}
      actions={
        <Button busy={busy} onClick={() => void run()}>
          {busy ? t('connectionTest.running') : t('connectionTest.button')}
        </Button>
      }
    >
      {error ? <Banner tone="danger">{t('connectionTest.failed', { message: error })}</Banner> : null}
      {report ? (
        <Table<ConnectionStepDto>
          caption={t('connectionTest.title')}
          columns={[
            {
              key: 'step',
              header: t('connectionTest.title'),
              render: (step) => t(`connectionTest.step.${step.step}`),
            },
            {
              key: 'outcome',
              header: t('ledger.runs.outcome'),
              render: (step) => (
                <Badge tone={outcomeTone[step.outcome]}>{t(`connectionTest.outcome.${step.outcome}`)}</Badge>
              ),
            },
            {
              key: 'explanation',
              header: t('pull.errors.explanation'),
              render: (step) => {
                const { text, action } = explain(step);
                return (
                  <div className="error-text">
                    <div>{text}</div>
                    {action ? <div className="error-text__action">{action}</div> : null}
                    {step.message ? (
                      <details className="error-text__details">
                        <summary>{t('pull.errors.details')}</summary>
                        <code>
                          {step.kind ? `${step.kind}: ` : ''}
                          {step.message}
                        </code>
                      </details>
                    ) : null}
                  </div>
                );
              },
            },
          ]}
          rows={report.steps}
          rowKey={(step) => step.step}
        />
      ) : null}
    </Section>
  );
}
