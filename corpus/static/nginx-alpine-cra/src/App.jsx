import { Routes, Route } from 'react-router-dom';

export default function App() {
  return (
    <Routes>
      <Route path="/" element={<h1>Storefront</h1>} />
      <Route path="/cart" element={<h1>Your cart</h1>} />
    </Routes>
  );
}
