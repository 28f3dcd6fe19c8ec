import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../../api/client';
import type { SupportDepartment } from '../../../api/views';
import { Field } from '../../../components/field';
import { FormStatus } from '../../../components/form-status';
import { DataView } from '../../../components/states';
import { StatusBadge } from '../../../components/status-badge';
import { useApiData } from '../../../hooks/use-api-data';
import { useSubmit } from '../../../hooks/use-submit';

/** Departments customers file tickets under; an inactive one is hidden from the form but keeps its tickets. */
export function DepartmentsSection() {
  const departments = useApiData('/api/v1/admin/support/departments');
  const submission = useSubmit();
  const [name, setName] = useState('');

  async function add(event: FormEvent) {
    event.preventDefault();
    const ok = await submission.run(async () => {
      const created = await unwrap(
        api.POST('/api/v1/admin/support/departments', { body: { name: name.trim() } }),
      );
      return `${created.name} was added.`;
    });
    if (ok) {
      setName('');
      departments.reload();
    }
  }

  async function setActive(department: SupportDepartment, isActive: boolean) {
    const ok = await submission.run(async () => {
      await unwrap(
        api.PATCH('/api/v1/admin/support/departments/{id}', {
          params: { path: { id: department.id } },
          body: { isActive },
        }),
      );
      return isActive ? `${department.name} is offered again.` : `${department.name} is no longer offered.`;
    });
    if (ok) departments.reload();
  }

  return (
    <section className="panel" aria-labelledby="departments-title">
      <h2 id="departments-title">Departments</h2>
      <DataView state={departments} onRetry={departments.reload}>
        {(data) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((department) => (
                  <tr key={department.id}>
                    <td>{department.name}</td>
                    <td>
                      <StatusBadge status={department.isActive ? 'active' : 'disabled'} />
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        disabled={submission.isPending}
                        aria-label={`${department.isActive ? 'Deactivate' : 'Activate'} ${department.name}`}
                        onClick={() => void setActive(department, !department.isActive)}
                      >
                        {department.isActive ? 'Deactivate' : 'Activate'}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </DataView>
      <form className="inline-form section-form" onSubmit={(event) => void add(event)} noValidate>
        <Field
          label="New department"
          name="name"
          required
          maxLength={60}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={submission.fieldError('name')}
        />
        <div className="inline-form-actions">
          <button type="submit" className="button button-primary" disabled={submission.isPending}>
            Add department
          </button>
        </div>
        <FormStatus submission={submission} />
      </form>
    </section>
  );
}
