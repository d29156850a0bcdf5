import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceSignerDto } from '../../../main/contract';
import { Facts } from '../../ui/Facts';
import { Section } from '../../ui/Section';
import { useAppServices } from '../appServices';
import './export.css';

/** Settings → the evidence signing key: algorithm, fingerprint to give recipients, public key, where kept. */
export function SignerKeySection() {
  const { t } = useTranslation();
  const { archive } = useAppServices();
  const [signer, setSigner] = useState<EvidenceSignerDto | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void archive.getEvidenceSigner({}).then((answer) => {
      if (!live) return;
      if (answer.ok) setSigner(answer.value);
      else setProblem(answer.error.message);
    });
    return () => {
      live = false;
    };
  }, [archive]);
  return (
    <Section title={t('evidence.signer.title')} id="evidence-signer">
      <p>{t('evidence.signer.intro')}</p>
      {problem ? <p className="export-warning">{problem}</p> : null}
      {!signer && !problem ? <p className="muted">{t('evidence.signer.loading')}</p> : null}
      {signer ? (
        <Facts
          className="export-facts"
          testId="signer-key"
          facts={[
            { label: t('evidence.signer.algorithm'), value: signer.algorithm },
            {
              label: t('evidence.signer.fingerprint'),
              value: <code data-testid="signer-fingerprint">{signer.fingerprint}</code>,
            },
            {
              label: t('evidence.signer.storage'),
              value:
                signer.storage === 'safeStorage'
                  ? t('evidence.signer.storageSafe')
                  : t('evidence.signer.storageFile'),
            },
            {
              label: t('evidence.signer.publicKey'),
              value: <pre className="export-pem">{signer.publicKeyPem}</pre>,
            },
          ]}
        />
      ) : null}
    </Section>
  );
}
