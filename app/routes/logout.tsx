import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logOutAndRedirect } from "../auth/session.server";

/** Logging out is a POST (a link or image on another site cannot log someone out). */
export async function action({ request, context }: ActionFunctionArgs) {
  return logOutAndRedirect(request, context);
}

export async function loader() {
  return redirect("/");
}
