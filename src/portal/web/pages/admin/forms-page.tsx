import { useState } from 'react';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { useAsync } from '../../lib/use-async';
import { FormUpload } from './forms/form-upload';
import { FormVersionsTable } from './forms/form-versions-table';
import { formVersions } from './forms/forms-api';

/**
 * The operator's form catalog: versions per series, each downloadable as the workbook a new
 * version is edited from; upload, preview with the diff, confirm. A 年度 without a version of its
 * own is answered on the latest earlier one until its own is registered here.
 */
export function FormsPage() {
  const versions = useAsync(() => formVersions.all(), []);
  const [notice, setNotice] = useState<string>();
  return (
    <>
      <PageHeader
        title="様式の版"
        en="Form versions"
        lead={<p className="help">年度の様式が未登録のあいだは、それより前の最新の版で回答します（例: 令和8年度: 令和7年度版で回答（令和8年度版は未登録））。登録すると、それまでの回答は旧様式になります。</p>}
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      <FormUpload
        onRegistered={(form) => {
          setNotice(`${form.id}（${form.fiscalYearLabel ?? ''}${form.versionLabel}）を登録しました。`);
          versions.reload();
        }}
      />
      <h2>
        登録済みの版<span className="en">Registered versions</span>
      </h2>
      {versions.error ? <ErrorMessage error={versions.error} onRetry={versions.reload} /> : null}
      {versions.loading && !versions.data && <Loading />}
      {versions.data && (versions.data.length === 0 ? <Empty>登録済みの様式はありません。</Empty> : <FormVersionsTable versions={versions.data} />)}
    </>
  );
}
