import type { LoadProblemView } from '../../../../preload/contract/settings';
import { useI18n } from '../../i18n';

/** Settings or vault files found broken at start: what happened, and where the old file was kept. */
export function SettingsProblems({ problems }: { problems: readonly LoadProblemView[] }) {
  const { t, language } = useI18n();
  if (problems.length === 0) return null;
  return (
    <div className="error settings-problems" role="alert">
      <strong>{t('settings.problemTitle')}</strong>
      {problems.map((problem) => (
        <div key={problem.code} data-code={problem.code}>
          <p>{problem.message[language]}</p>
          {problem.issues.length > 0 && (
            <>
              <p>{t('settings.problemIssues')}</p>
              <ul className="mono small">
                {problem.issues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      ))}
    </div>
  );
}
