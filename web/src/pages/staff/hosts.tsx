import { useState, type FormEvent } from 'react';
import { Field } from '../../components/field';
import { PageHeader } from '../../components/page-header';
import { PagedListView } from '../../components/paged-list';
import { Empty } from '../../components/states';
import { usePagedList } from '../../hooks/use-api-data';
import { HostTable } from '../hosts';

export function StaffHostsPage() {
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const hosts = usePagedList('/api/v1/admin/hosts', { params: { query: { q: search || undefined } } });

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setSearch(draft.trim());
  }

  return (
    <>
      <PageHeader title="All hosts" description="Every IM host of every customer." />
      <section className="panel" aria-label="Hosts">
        <form role="search" className="inline-form" onSubmit={handleSubmit}>
          <Field
            label="Find by domain"
            name="q"
            type="search"
            autoComplete="off"
            spellCheck={false}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <div className="inline-form-actions">
            <button type="submit" className="button button-secondary">
              Search
            </button>
          </div>
        </form>
        <PagedListView
          list={hosts}
          empty={
            <Empty title={search ? `No host matches “${search}”` : 'No customer has created a host yet'} />
          }
        >
          {(items) => <HostTable hosts={items} showCustomer />}
        </PagedListView>
      </section>
    </>
  );
}
