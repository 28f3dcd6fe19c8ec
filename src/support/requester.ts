/** Who acts on the desk, as the API layer resolved it from the session. */
export interface CustomerActor {
  customerId: string;
  userId: string;
  email: string;
  name: string;
}

export interface StaffActor {
  userId: string;
  name: string;
}
